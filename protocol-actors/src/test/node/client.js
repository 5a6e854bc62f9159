// Node `ws` client run by WebSocketNodeInteropTest against zero-io's echo endpoint.
// usage: node client.js ws://127.0.0.1:PORT/ws on|off
// Prints one line per check ("OK name" / "FAIL name: why") and exits 0 only when all passed.
'use strict';
const WebSocket = require('ws');
const crypto = require('crypto');

const url = process.argv[2];
const deflate = process.argv[3] === 'on';
const options = { perMessageDeflate: deflate ? { threshold: 0 } : false, maxPayload: 4 << 20 };
let failures = 0;

function check(name, ok, why) {
  if (ok) {
    console.log('OK ' + name);
  } else {
    failures++;
    console.log('FAIL ' + name + ': ' + why);
  }
}

function open() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    const inbox = [];
    const waiters = [];
    const push = (e) => (waiters.length ? waiters.shift()(e) : inbox.push(e));
    ws.on('message', (data, isBinary) => push({ kind: isBinary ? 'binary' : 'text', data }));
    ws.on('pong', (data) => push({ kind: 'pong', data }));
    ws.on('close', (code) => push({ kind: 'close', code }));
    ws.on('error', (e) => push({ kind: 'error', error: String(e) }));
    ws.next = () => new Promise((res) => (inbox.length ? res(inbox.shift()) : waiters.push(res)));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function same(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

function compressible(n) {
  const words = Buffer.from('zero-io shards pools slots rings ');
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = words[(i * 7 + Math.floor(i / 33)) % words.length];
  return b;
}

async function echo(ws, name, payload, binary) {
  ws.send(payload, { binary });
  const e = await ws.next();
  check(name, e.kind === (binary ? 'binary' : 'text') && same(e.data, payload),
    'got ' + e.kind + ' of ' + (e.data ? e.data.length : e.code));
}

(async () => {
  const timer = setTimeout(() => { console.log('FAIL timeout'); process.exit(2); }, 30000);
  const ws = await open();
  check('extension', (ws.extensions === 'permessage-deflate') === deflate, 'negotiated "' + ws.extensions + '"');
  await echo(ws, 'text', 'hello, zero-io — ünïcødé 😀', false);
  await echo(ws, 'binary', crypto.randomBytes(1000), true);
  await echo(ws, 'large-random-binary', crypto.randomBytes(200000), true);
  await echo(ws, 'large-compressible-binary', compressible(250000), true);
  await echo(ws, 'large-text', 'ünïcødé text '.repeat(8000), false);
  await echo(ws, 'empty', Buffer.alloc(0), true);
  // fragmented: two frames of one message (compressed as one message when deflate is on)
  ws.send('frag', { fin: false });
  ws.send('mented', { fin: true });
  let e = await ws.next();
  check('fragmented', e.kind === 'text' && e.data.toString() === 'fragmented', 'got ' + e.kind + ' ' + e.data);
  ws.ping('abc');
  e = await ws.next();
  check('ping', e.kind === 'pong' && e.data.toString() === 'abc', 'got ' + e.kind);
  ws.close(4002, 'bye');
  e = await ws.next();
  check('client-close', e.kind === 'close' && e.code === 4002, 'got ' + e.kind + ' ' + e.code);

  const ws2 = await open();
  ws2.send('close');
  e = await ws2.next();
  check('server-close', e.kind === 'close' && e.code === 4000, 'got ' + e.kind + ' ' + e.code);

  // 2 MB of zeros: over max-frame uncompressed, a ~2 KB zip bomb compressed; either way 1009
  const ws3 = await open();
  ws3.send(Buffer.alloc(2 << 20), { binary: true });
  e = await ws3.next();
  check('too-big', e.kind === 'close' && e.code === 1009, 'got ' + e.kind + ' ' + e.code);

  clearTimeout(timer);
  console.log(failures === 0 ? 'ALL OK' : failures + ' FAILED');
  process.exit(failures === 0 ? 0 : 1);
})().catch((err) => { console.log('FAIL exception ' + err); process.exit(3); });
