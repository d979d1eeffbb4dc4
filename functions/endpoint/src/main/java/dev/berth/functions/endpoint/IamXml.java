package dev.berth.functions.endpoint;

/** IAM's Query-protocol XML: a result element under the action's response, or the error shape. */
final class IamXml {
  static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
  private final StringBuilder xml = new StringBuilder();

  IamXml open(String name) {
    xml.append('<').append(name).append('>');
    return this;
  }

  IamXml close(String name) {
    xml.append("</").append(name).append('>');
    return this;
  }

  IamXml element(String name, String value) {
    return open(name).text(value).close(name);
  }

  IamXml text(String value) {
    for (char c : value.toCharArray()) {
      switch (c) {
        case '<' -> xml.append("&lt;");
        case '>' -> xml.append("&gt;");
        case '&' -> xml.append("&amp;");
        case '"' -> xml.append("&quot;");
        case '\'' -> xml.append("&apos;");
        default -> xml.append(c);
      }
    }
    return this;
  }

  /** {@code <ActionResponse><ActionResult>result</ActionResult><ResponseMetadata>...} */
  static String response(String action, IamXml result, String requestId) {
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(action)
        .append("Response xmlns=\"").append(NAMESPACE).append("\">");
    if (result != null) {
      out.append('<').append(action).append("Result>").append(result.xml).append("</").append(action).append("Result>");
    }
    out.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata></")
        .append(action).append("Response>");
    return out.toString();
  }

  static String error(String code, String message, String requestId) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender"
        + "</Type><Code>" + new IamXml().text(code).xml + "</Code><Message>" + new IamXml().text(message).xml
        + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
  }
}
