import Redis from 'ioredis';
import { componentYaml } from '../pubsub-brokers/broker-resources';
import { describeBrokerCut } from './broker-cut-scenario';

const [host = '127.0.0.1', port = '6379'] = (process.env['REDIS_HOST']?.trim() || '127.0.0.1:6379').split(':');

// Redis Streams: the stream is the topic; it is deleted afterwards so the shared Redis keeps nothing.
describeBrokerCut({
  label: 'pubsub.redis',
  host,
  port: Number(port),
  prepare: async (topic) => async () => {
    const redis = new Redis({ host, port: Number(port), lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    await redis.del(topic);
    redis.disconnect();
  },
  component: (proxyPort) => componentYaml('pubsub', 'pubsub.redis', { redisHost: `127.0.0.1:${proxyPort}`, redisPassword: '', processingTimeout: '5s', redeliverInterval: '1s' }),
});
