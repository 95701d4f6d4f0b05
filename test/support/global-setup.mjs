// Jest loads global setup outside its ESM transform; tsx loads the TypeScript that does the work.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { default: prepare } = await tsImport('./prepare-test-databases.ts', import.meta.url);
  await prepare();
}
