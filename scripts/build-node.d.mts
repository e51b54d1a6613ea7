/** Types of scripts/build-node.mjs, for the TypeScript that imports it (test/global-setup.ts). */
export declare const NODE_OUT: string;
export declare function buildNode(): Promise<void>;
/** Whether `root`'s out/node/ is missing or older than a source it was built from; `root` defaults to this checkout. */
export declare function nodeBuildIsStale(root?: string): boolean;
