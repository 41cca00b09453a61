/**
 * A sample writer that also hands every point to a live sink (a remote write, probes/remote-write.ts), with the
 * run's labels added. The file stays the source of truth: the sink's `offer` is synchronous and must never throw
 * or wait, so a slow or dead metrics system can neither block a probe nor lose a sample from the file.
 */
import type { MetricType } from '../criteria/expression.ts';
import type { SampleWriter } from './writer.ts';

export interface SamplePoint {
  metric: string;
  type: MetricType;
  value: number;
  /** The point's own tags and the run's labels (`run_id`, `scenario`, `profile`, `generator`). */
  tags: Readonly<Record<string, string>>;
  time: Date;
}

export interface SampleSink {
  /** Takes a point or drops it (counted) when its queue is full; never throws, never waits. */
  offer(point: SamplePoint): void;
}

export function teeWriter(writer: SampleWriter, sink: SampleSink, labels: Readonly<Record<string, string>>): SampleWriter {
  const types = new Map<string, MetricType>();
  return {
    get points() {
      return writer.points;
    },
    declare(name, type, contains) {
      writer.declare(name, type, contains);
      types.set(name, type);
    },
    point(name, value, tags = {}, time = new Date()) {
      writer.point(name, value, tags, time);
      const type = types.get(name);
      if (type !== undefined) sink.offer({ metric: name, type, value, tags: { ...tags, ...labels }, time });
    },
    close: () => writer.close(),
  };
}

/** A live sink and the labels its points get (run_id, scenario, profile, generator). */
export interface LiveMetrics {
  sink: SampleSink;
  labels: Readonly<Record<string, string>>;
}

/** The writer itself without live metrics; a tee to them with. */
export function withLive(writer: SampleWriter, live: LiveMetrics | undefined): SampleWriter {
  return live === undefined ? writer : teeWriter(writer, live.sink, live.labels);
}
