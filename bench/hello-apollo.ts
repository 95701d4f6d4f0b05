/**
 * The reference for bench:track: a bare Apollo Server 5 on Express 5 answering `{ hello }`, in
 * BENCH_WORKERS processes behind one port (node:cluster), as Silkgate runs. PORT from the environment.
 */
import '../src/platform/node-env.js';
import cluster from 'node:cluster';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';

const workers = Number(process.env.BENCH_WORKERS ?? 1);

if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const apollo = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
  await apollo.start();
  const app = express();
  app.get('/readyz', (_req, res) => {
    res.json({ status: 'ready' });
  });
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  app.listen(Number(process.env.PORT), '127.0.0.1');
}
