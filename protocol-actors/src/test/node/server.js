// Node `ws` echo server run by WebSocketNodeInteropTest for zero-io's client.
// usage: node server.js on|off      (permessage-deflate)
// Prints "PORT n" once listening, then one line per event: "OPEN <extensions>", "CLOSE <code>".
// Messages are echoed (text as text, binary as binary) except the commands:
//   "close"     -> close with 4000
//   "fragments" -> sends the text "fragmented" as two frames
//   "bomb"      -> sends 2 MB of zeros (a ~2 KB zip bomb when compressed)
//   "big"       -> sends 250 000 compressible bytes
// Exits when stdin closes (the test ends it).
'use strict';
const { WebSocketServer } = require('ws');

const deflate = process.argv[2] === 'on';
const wss = new WebSocketServer({
  host: '127.0.0.1', port: 0, maxPayload: 4 << 20,
  perMessageDeflate: deflate ? { threshold: 0 } : false,
});

function compressible(n) {
  const words = Buffer.from('zero-io shards pools slots rings ');
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = words[(i * 7 + Math.floor(i / 33)) % words.length];
  return b;
}

wss.on('connection', (ws) => {
  console.log('OPEN ' + (ws.extensions || 'none'));
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? null : data.toString();
    if (text === 'close') {
      ws.close(4000, 'asked to');
    } else if (text === 'fragments') {
      ws.send('frag', { fin: false });
      ws.send('mented', { fin: true });
    } else if (text === 'bomb') {
      ws.send(Buffer.alloc(2 << 20), { binary: true });
    } else if (text === 'big') {
      ws.send(compressible(250000), { binary: true });
    } else {
      ws.send(data, { binary: isBinary });
    }
  });
  ws.on('close', (code) => console.log('CLOSE ' + code));
  ws.on('error', (e) => console.log('ERROR ' + e.message));
});
wss.on('listening', () => console.log('PORT ' + wss.address().port));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
