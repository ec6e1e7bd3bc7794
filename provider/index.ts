// The multi-language component package's entry point (package.json main). run-plugin requires
// this directory, finds the exported ComponentResource classes and serves them over the
// provider protocol; Pulumi's analyzer infers their schema from these sources.
export { OkeNodePool } from "../components/okeNodePool";
export { BlueGreenNodePool } from "../components/blueGreenNodePool";
