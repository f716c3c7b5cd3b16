export const marker = 42;
