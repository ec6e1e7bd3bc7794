// The multi-language component package's entry point. build.mjs compiles it with the modules it
// imports into bin/ (package.json main is bin/provider/index.js) and copies their sources next to
// them: run-plugin requires the JavaScript, finds the exported ComponentResource classes and
// serves them over the provider protocol; Pulumi's analyzer infers their schema from the sources.
export { OkeNodePool } from "../components/okeNodePool";
export { BlueGreenNodePool } from "../components/blueGreenNodePool";
