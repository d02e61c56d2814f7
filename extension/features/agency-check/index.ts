export { readForWizard, validReadRequest, type GoExtensionsTabRequest, type ReaderDeps, type ReadRequest } from './reader';
export { startWizardBridge, type BridgeDeps } from './bridge';
