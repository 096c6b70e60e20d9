/**
 * Where the test Redis runs, as component metadata (the specs of every Redis component use it). `REDIS_URL`
 * (`redis://[user:pass@]host:port[/db]`) wins over `REDIS_HOST` (`host:port`); the default is the
 * local server at 127.0.0.1:6379.
 */
export function testRedisProperties(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const url = env['REDIS_URL']?.trim();
  if (url) {
    const parsed = new URL(url);
    const db = parsed.pathname.replace(/^\//, '');
    return {
      redisHost: `${parsed.hostname}:${parsed.port || '6379'}`,
      ...(parsed.username ? { redisUsername: decodeURIComponent(parsed.username) } : {}),
      ...(parsed.password ? { redisPassword: decodeURIComponent(parsed.password) } : {}),
      ...(db ? { redisDB: db } : {}),
      ...(parsed.protocol === 'rediss:' ? { enableTLS: 'true' } : {}),
    };
  }
  return { redisHost: env['REDIS_HOST']?.trim() || '127.0.0.1:6379' };
}
