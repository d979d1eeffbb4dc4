package dev.berth.agent.runtime.docker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** An image name split as {@code POST /images/create} wants it: {@code fromImage} and {@code tag}. */
record ImageReference(String repository, String tag) {

  static ImageReference parse(String image) {
    if (image.contains("@")) {
      return new ImageReference(image, null); // a digest names exactly one image
    }
    int colon = image.lastIndexOf(':');
    if (colon > image.lastIndexOf('/')) {
      return new ImageReference(image.substring(0, colon), image.substring(colon + 1));
    }
    return new ImageReference(image, "latest");
  }

  String query() {
    String q = "fromImage=" + URLEncoder.encode(repository, StandardCharsets.UTF_8);
    return tag == null ? q : q + "&tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8);
  }
}
