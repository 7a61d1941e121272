// Globals a host page may already have, named like things a wasm bundle could use.
window.wasmBindings = 'host value';
window.init = 'host init';
window.wasm = 'host wasm';
window.__wbg_init = 'host';
window.define_status_widget = 'host';
window.hostGlobalsBefore = Object.getOwnPropertyNames(window);
