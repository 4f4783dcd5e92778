import { Injectable } from '@nestjs/common';
import { Counter, CounterConfiguration, Gauge, GaugeConfiguration, Histogram, HistogramConfiguration, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency buckets in seconds, 5 ms to 10 s: HTTP requests and appends. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * This app's Prometheus metrics, served at GET /metrics. One registry per Nest app, never
 * prom-client's global one: tests boot many apps in one process, and each counts for itself.
 * Libraries ask for their counters, gauges and histograms here; asking twice for one name gives
 * the same metric (several modules provide their own CommandStreams). Label values are closed
 * sets (route templates, stream kinds, projection names): never ids or personal data.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  constructor() {
    // Process metrics: memory, CPU, event loop lag, handles, garbage collection.
    collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return this.existing<Counter<L>>(config.name, Counter) ?? new Counter<L>({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return this.existing<Gauge<L>>(config.name, Gauge) ?? new Gauge<L>({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return this.existing<Histogram<L>>(config.name, Histogram) ?? new Histogram<L>({ ...config, registers: [this.registry] });
  }

  /** The text exposition format, and its content type. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  private existing<M>(name: string, kind: abstract new (...args: never[]) => unknown): M | undefined {
    const metric = this.registry.getSingleMetric(name);
    if (metric === undefined) return undefined;
    if (!(metric instanceof kind)) throw new Error(`Metric ${name} is already registered as another kind`);
    return metric as M;
  }
}

/**
 * A value computed at most once per `ttlMs` (and once at a time): several gauges computed together
 * at scrape time (one count for a projection's lag and age), bounded in cost however often they are scraped.
 */
export function cachedFor<T>(ttlMs: number, compute: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || now() - last.at >= ttlMs) {
      const value = compute();
      last = { at: now(), value };
      // A failure is not kept: the next scrape tries again.
      value.catch(() => {
        if (last?.value === value) last = undefined;
      });
    }
    return last.value;
  };
}
