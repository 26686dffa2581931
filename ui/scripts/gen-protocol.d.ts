/** See gen-protocol.js. */
export declare const schemaPath: string;
export declare const outputPath: string;
export declare function generate(openrpc: unknown): Promise<string>;
