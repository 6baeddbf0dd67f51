/**
 * `flighttask_progress` (DJI-CLOUD-API.md §3) and what it does to a mission: the task status, its
 * percentage and, at the end, how many photos the flight took (ext.media_count). The documentation's
 * table lists the fields at the top of data, its example nests them under output: both are read.
 * Events may arrive late or twice: an older event never overwrites a newer one, and a finished task
 * never goes back to running.
 */
import { bagOf, int, text } from './dji-values.ts';

export const FLIGHT_STATUSES = ['sent', 'in_progress', 'paused', 'ok', 'rejected', 'failed', 'canceled', 'timeout', 'partially_done'] as const;
export type FlightStatus = (typeof FLIGHT_STATUSES)[number];
const RUNNING: ReadonlySet<string> = new Set(['sent', 'in_progress', 'paused']);

export const isFinished = (status: string | null): boolean => status !== null && !RUNNING.has(status);

export interface FlightProgress {
  flightId: string;
  status: FlightStatus;
  percent: number | null;
  mediaCount: number | null;
  result: number | null;
}

export function parseFlightProgress(data: unknown, bid: string): FlightProgress | { error: string } {
  const top = bagOf(data);
  const output = { ...top, ...bagOf(top.output) };
  const ext = { ...bagOf(top.ext), ...bagOf(output.ext) };
  const status = text(output.status, 32);
  if (!status || !(FLIGHT_STATUSES as readonly string[]).includes(status)) return { error: `data.output.status ${JSON.stringify(output.status ?? null)} is not a flight task status` };
  // The demo sends the task with bid = flight_id, and a real failure report carries only that (Cloud-API-Doc #40).
  const flightId = text(ext.flight_id, 128) ?? bid;
  const percent = int(bagOf(output.progress).percent);
  return { flightId, status: status as FlightStatus, percent: percent === null ? null : Math.min(100, Math.max(0, percent)), mediaCount: int(ext.media_count), result: int(top.result) };
}

export interface FlightState {
  status: string | null;
  eventMs: number | null;
}

/** Whether an event sent at `eventMs` with `status` may replace the mission's current flight state. */
export function progressApplies(current: FlightState, status: FlightStatus, eventMs: number): boolean {
  if (current.eventMs !== null && eventMs <= current.eventMs) return false;
  if (isFinished(current.status) && !isFinished(status)) return false;
  return true;
}
