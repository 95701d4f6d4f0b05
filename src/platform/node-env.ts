/**
 * Imported first by src/main.ts: a server started without NODE_ENV runs as production. graphql-js
 * and Express read NODE_ENV once, when loaded; outside production graphql-js checks every type test
 * against a second copy of itself, which costs about a tenth of the CPU of a bulk declare. Tests
 * and anyone who sets NODE_ENV keep their own value.
 */
process.env.NODE_ENV ??= 'production';
