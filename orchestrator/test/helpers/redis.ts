/** The tests' throwaway redis-server: bench/lib/throwaway-redis.ts, which the bench's Redis figures use too. */
export * from '../../../bench/lib/throwaway-redis.ts';
