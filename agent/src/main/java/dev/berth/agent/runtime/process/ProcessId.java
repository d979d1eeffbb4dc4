package dev.berth.agent.runtime.process;

import java.time.Instant;
import java.util.Optional;

/** A process named by its pid and start time, so a reused pid is not taken for it. */
record ProcessId(long pid, long startMillis) {

  static ProcessId of(ProcessHandle process) {
    return new ProcessId(process.pid(), startMillis(process));
  }

  static ProcessId parse(String runtimeId) {
    int at = runtimeId.indexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("not a process runtime id: " + runtimeId);
    }
    return new ProcessId(Long.parseLong(runtimeId.substring(0, at)), Long.parseLong(runtimeId.substring(at + 1)));
  }

  /** The live process this id names, if it still runs. */
  Optional<ProcessHandle> find() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> startMillis(p) == startMillis);
  }

  @Override
  public String toString() {
    return pid + "@" + startMillis;
  }

  private static long startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }
}
