// Preloaded into Portkey's gateway (node --require portkey-loopback.cjs
// build/start-server.js --port=N) by the conformance tests and benchmarks.
//
// The gateway (@portkey-ai/gateway 1.15.2) starts its server with
// serve({fetch, port}) and no host, so Node binds every interface; it has no
// option to choose one. Every TCP listen in the process is forced onto
// 127.0.0.1 here, so a test run never opens a port to the network. Outgoing
// connections are held to the loopback too: the tests point the gateway only
// at fixture servers on 127.0.0.1, and a config that named anything else is a
// bug in the test that should fail loudly, not reach the outside.
'use strict';

const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1', '::ffff:127.0.0.1']);

const originalListen = net.Server.prototype.listen;

// listen(port[, host][, backlog][, callback]), listen(options[, callback]),
// listen(path | handle, ...): the TCP forms get host 127.0.0.1; a Unix socket
// path or an inherited handle is left alone.
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  const [first] = args;
  let options;
  if (first !== null && typeof first === 'object' && !('_handle' in first) && !('fd' in first)) {
    if (first.path !== undefined)
      return originalListen.apply(this, callback ? [...args, callback] : args);
    options = {...first, host: LOOPBACK};
  } else if (first === undefined || typeof first === 'number'
             || (typeof first === 'string' && /^\d+$/.test(first))) {
    const backlog = args.find((arg, index) => index > 0 && typeof arg === 'number');
    options = {port: first === undefined ? 0 : Number(first), host: LOOPBACK};
    if (backlog !== undefined)
      options.backlog = backlog;
  } else {
    return originalListen.apply(this, callback ? [...args, callback] : args);
  }
  this.once('listening', () => {
    const address = this.address();
    process.stderr.write(`portkey-loopback: listening on ${address.address}:${address.port}\n`);
  });
  return callback ? originalListen.call(this, options, callback) : originalListen.call(this, options);
};

const originalConnect = net.Socket.prototype.connect;

// connect(options[, listener]), connect(port[, host][, listener]),
// connect(path[, listener]); net.connect() and every HTTP client end here.
net.Socket.prototype.connect = function connectToLoopbackOnly(...args) {
  let host;
  let isPath = false;
  const [first] = args;
  if (Array.isArray(first)) {
    // The internal form net.connect() passes on: [options, callback].
    const [options] = first;
    isPath = options && options.path !== undefined;
    host = options && options.host;
  } else if (first !== null && typeof first === 'object') {
    isPath = first.path !== undefined;
    host = first.host;
  } else if (typeof first === 'string' && !/^\d+$/.test(first)) {
    isPath = true;
  } else {
    host = typeof args[1] === 'string' ? args[1] : undefined;
  }
  if (!isPath && host !== undefined && !loopbackHosts.has(String(host).toLowerCase())) {
    const error = new Error(`portkey-loopback: refusing to connect to ${host}: the tests talk only to 127.0.0.1`);
    error.code = 'ECONNREFUSED';
    process.stderr.write(`${error.message}\n`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return originalConnect.apply(this, args);
};
