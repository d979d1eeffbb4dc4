package dev.berth.auth.sigv4;

/** A request refused by authentication, authorisation or throttling; the message is safe to show the caller. */
public final class AuthException extends RuntimeException {
  private final AuthError error;

  public AuthException(AuthError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  public AuthError error() {
    return error;
  }
}
