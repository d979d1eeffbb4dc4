package dev.berth.functions.endpoint;

/** An IAM Query API error: its code, HTTP status and message, answered in IAM's XML error shape. */
final class IamError extends RuntimeException {
  private final String code;
  private final int status;

  IamError(String code, int status, String message) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
  }

  String code() {
    return code;
  }

  int status() {
    return status;
  }

  static IamError noSuchUser(String userName) {
    return new IamError("NoSuchEntity", 404, "The user with name " + userName + " cannot be found.");
  }

  static IamError validation(String message) {
    return new IamError("ValidationError", 400, message);
  }
}
