#!/usr/bin/env node
// `npm start`: the compiled service when built and fresh, else the TypeScript through tsx (bin/launch.mjs).
import { launch } from './launch.mjs';
await launch('src/main.ts');
