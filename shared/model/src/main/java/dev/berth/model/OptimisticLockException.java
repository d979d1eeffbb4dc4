package dev.berth.model;

/**
 * Another writer changed an item between our read and our conditional write. Callers re-read and
 * try again; it is never reported to a client as an internal error.
 */
public final class OptimisticLockException extends RuntimeException {
  public OptimisticLockException(String what) {
    super(what, null, false, false);
  }
}
