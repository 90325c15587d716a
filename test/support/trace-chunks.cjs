// Preloaded (NODE_OPTIONS=--require) into the release bundle: records each script it compiles
// through vm.compileFunction (its lazy chunks) in $ANTREA_MC_TRACE.
const vm = require("node:vm");
const { appendFileSync } = require("node:fs");
const compile = vm.compileFunction;
vm.compileFunction = function (code, params, options) {
  appendFileSync(process.env.ANTREA_MC_TRACE, `${options?.filename || "?"}\n`);
  return compile.call(this, code, params, options);
};
