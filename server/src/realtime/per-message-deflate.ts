/**
 * Socket.IO per-message deflate (issue 13.1), decided by measurement (2026-11-29, loaded 2-core box;
 * the script replayed real Socket.IO frames of a seeded demo board through zlib as ws does):
 *
 * - A typical event stream — 198 `board:event` frames of a demo seed, 60 `drag:state`, 10
 *   `presence:state`; median 676 B, none over 1.4 KB — is 176 KB raw. ws's defaults (1 KB
 *   threshold, context takeover) send 146 KB (-17 %); compressing every frame with context takeover
 *   20 KB (-88 %) but at ~130 µs per frame *per recipient* (each socket has its own context, so a
 *   broadcast is compressed once per socket) and ~214 KB of zlib state kept per socket; without
 *   context takeover 99 KB (-44 %) at ~620 µs per frame. Frames this small cost next to nothing on
 *   the wire: not worth the CPU on a 2-core server or the memory per socket.
 * - A join answer is the big message: a 1,000-event replay is 768 KB raw, 92 KB at deflate level 1
 *   (12 ms), 81 KB at level 6 (15 ms); a 198-event one 151 KB → 12 KB. The join snapshot (default
 *   JSON, today + 7 days) is megabytes.
 *
 * So: on, but only for frames of 8 KB and more (join answers, big replays; never the live stream),
 * at level 1, and without context takeover either way, so nothing but that one message is shared.
 */
export const PER_MESSAGE_DEFLATE = {
  threshold: 8 * 1024,
  zlibDeflateOptions: { level: 1 },
  serverNoContextTakeover: true,
  clientNoContextTakeover: true,
} as const;
