import { build, type Plugin, type Rolldown } from 'vite';

/**
 * Issue 13 (the open): the page's first requests are started by a script inlined in index.html's head
 * (src/early-boot.ts, bundled on its own as an IIFE), not by main.ts: an inline script runs while the
 * page is parsed, before any script file has arrived, which in a cold open on the 2-core box was
 * 25-65 ms before main.ts ran. The server allows it by its hash (script-src 'self' 'sha256-…', taken
 * from the index.html it serves), so the policy still admits no other inline script. Build only: the
 * dev server has no such policy and main.ts starts the requests there itself.
 */
export function inlineEarlyBoot(entry: string, treeshake: Rolldown.InputOptions['treeshake']): Plugin {
  return {
    name: 'schedhuler-inline-early-boot',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      async handler(html) {
        const out = await build({
          configFile: false,
          logLevel: 'warn',
          publicDir: false,
          build: { write: false, minify: true, target: 'es2022', lib: { entry, formats: ['iife'], name: 'schedhulerEarlyBoot' }, rolldownOptions: { treeshake } },
        });
        const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
        const chunk = outputs[0]?.output.find((o): o is Rolldown.OutputChunk => o.type === 'chunk');
        if (!chunk) throw new Error(`inline-early-boot: bundling ${entry} gave no script`);
        // "</script" inside would end the element early; a bundle of this code never holds it, but say so loudly.
        if (/<\/script/i.test(chunk.code)) throw new Error('inline-early-boot: the boot script holds "</script"');
        // Right after the charset (which must come first): before the stylesheet, which would hold back a
        // script after it until the sheet has arrived.
        const at = html.search(/<meta charset=[^>]*>/i);
        if (at < 0) throw new Error('inline-early-boot: index.html has no <meta charset> to put the boot script after');
        const end = html.indexOf('>', at) + 1;
        return `${html.slice(0, end)}\n    <script>${chunk.code.trim()}</script>${html.slice(end)}`;
      },
    },
  };
}
