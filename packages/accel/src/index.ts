// The public API of this package (filled in as the package grows).
export {};
