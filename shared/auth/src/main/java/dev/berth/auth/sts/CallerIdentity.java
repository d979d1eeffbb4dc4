package dev.berth.auth.sts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Who STS says signed a {@code GetCallerIdentity} request: the caller's ARN and account. An agent on
 * EC2 is an assumed-role session of its instance profile's role, named after the instance, so the
 * ARN {@code arn:aws:sts::<account>:assumed-role/<role>/<instance id>} gives both the role an operator
 * allows and the EC2 instance the credential is bound to.
 */
public record CallerIdentity(String arn, String account, String userId) {
  private static final Pattern ASSUMED_ROLE = Pattern.compile(
      "arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})");
  private static final Pattern EC2_INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
  private static final int MAX_RESPONSE = 64 * 1024;

  /** Reads STS's XML answer to GetCallerIdentity; empty when it is not one. */
  public static Optional<CallerIdentity> parse(byte[] xml) {
    if (xml.length > MAX_RESPONSE) {
      return Optional.empty();
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // an answer is data, never a reason to fetch or expand anything
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setNamespaceAware(true);
      var builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      Document document = builder.parse(new ByteArrayInputStream(xml));
      if (!"GetCallerIdentityResponse".equals(document.getDocumentElement().getLocalName())) {
        return Optional.empty();
      }
      String arn = text(document, "Arn");
      String account = text(document, "Account");
      return arn == null || account == null ? Optional.empty()
          : Optional.of(new CallerIdentity(arn, account, text(document, "UserId")));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      return Optional.empty();
    }
  }

  /** Whether the caller is an assumed-role session in the account STS named. */
  public boolean isAssumedRole() {
    Matcher m = ASSUMED_ROLE.matcher(arn);
    return m.matches() && m.group(2).equals(account);
  }

  /** The role of the session, as the ARN an operator writes: {@code arn:aws:iam::<account>:role/<name>}. */
  public String roleArn() {
    Matcher m = matched();
    return "arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3);
  }

  /** The EC2 instance the session is, when its name is an instance id (as an instance profile's sessions are). */
  public Optional<String> ec2InstanceId() {
    String session = matched().group(4);
    return EC2_INSTANCE_ID.matcher(session).matches() ? Optional.of(session) : Optional.empty();
  }

  private Matcher matched() {
    Matcher m = ASSUMED_ROLE.matcher(arn);
    if (!m.matches()) {
      throw new IllegalStateException("not an assumed-role session: " + arn);
    }
    return m;
  }

  private static String text(Document document, String name) {
    NodeList nodes = document.getElementsByTagNameNS("*", name);
    return nodes.getLength() == 1 ? nodes.item(0).getTextContent().strip() : null;
  }
}
