/**
 * The room a scrollbar takes in this browser, in px: 0 where scrollbars are drawn over the content
 * (phones, macOS by default, headless Chromium), ~15 px for classic ones (Windows, most Linux desktops).
 * Read from a throwaway element, so it can be known before the content that brings the scrollbar is drawn.
 */
export function scrollbarSize(doc: Document = document): number {
  const probe = doc.createElement('div');
  probe.style.cssText = 'position:absolute;top:-9999px;left:-9999px;width:100px;height:100px;overflow:scroll';
  doc.body.appendChild(probe);
  const size = probe.offsetWidth - probe.clientWidth;
  probe.remove();
  return Math.max(0, size);
}
