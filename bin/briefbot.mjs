#!/usr/bin/env node
// Entry point for `npx briefbot`: the compiled CLI when built and fresh, else the TypeScript through tsx (bin/launch.mjs).
import { launch } from './launch.mjs';
await launch('src/platforms/cli/main.ts');
