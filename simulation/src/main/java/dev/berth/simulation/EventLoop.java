package dev.berth.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * Single-threaded discrete-event loop: a priority queue of actions keyed by virtual time, ties
 * broken by the order they were scheduled in, so a seed always yields the same sequence.
 */
public final class EventLoop {
  /** One scheduled action; {@code label} names it in traces. */
  public record Event(Instant at, long seq, String label, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final VirtualClock clock;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long seq;
  private long steps;

  public EventLoop(VirtualClock clock) {
    this.clock = clock;
  }

  public void at(Instant at, String label, Runnable action) {
    queue.add(new Event(at, seq++, label, action));
  }

  public void after(Duration delay, String label, Runnable action) {
    at(clock.instant().plus(delay), label, action);
  }

  /** The next event due at or before {@code until}, with the clock moved to it; null when there is none. */
  public Event next(Instant until) {
    Event e = queue.peek();
    if (e == null || e.at().isAfter(until)) {
      return null;
    }
    queue.poll();
    clock.advanceTo(e.at());
    steps++;
    return e;
  }

  public long steps() {
    return steps;
  }

  public int pending() {
    return queue.size();
  }
}
