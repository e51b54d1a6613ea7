/** Types of scripts/build-node.mjs, for the TypeScript that imports it (test/global-setup.ts). */
export declare const NODE_OUT: string;
export declare function buildNode(): Promise<void>;
export declare function nodeBuildIsStale(): boolean;
