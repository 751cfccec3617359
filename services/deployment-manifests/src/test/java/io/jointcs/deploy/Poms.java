package io.jointcs.deploy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Properties of a pom, and of one of its profiles. */
final class Poms {
  private Poms() {}

  static Document parse(String pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(false);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(pom.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalArgumentException("not a pom: " + e.getMessage(), e);
    }
  }

  /** A property of the pom's top-level properties. */
  static String property(String pom, String name) {
    Element project = parse(pom).getDocumentElement();
    return properties(child(project, "properties")).get(name);
  }

  /** The profile with this id, or null. */
  static Element profile(String pom, String id) {
    Element profiles = child(parse(pom).getDocumentElement(), "profiles");
    if (profiles == null) {
      return null;
    }
    NodeList list = profiles.getElementsByTagName("profile");
    for (int i = 0; i < list.getLength(); i++) {
      Element p = (Element) list.item(i);
      Element idElement = child(p, "id");
      if (idElement != null && id.equals(idElement.getTextContent().strip())) {
        return p;
      }
    }
    return null;
  }

  static Map<String, String> properties(Element properties) {
    Map<String, String> out = new LinkedHashMap<>();
    if (properties == null) {
      return out;
    }
    NodeList children = properties.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node n = children.item(i);
      if (n instanceof Element e) {
        out.put(e.getTagName(), e.getTextContent().strip());
      }
    }
    return out;
  }

  static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }
}
