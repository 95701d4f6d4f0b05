import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  const { default: drop } = await tsImport('./drop-test-databases.ts', import.meta.url);
  await drop();
}
