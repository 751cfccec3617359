package io.jointcs.search.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgPlotTest {

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<String> texts(Document doc) {
    NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent());
    }
    return out;
  }

  @Test
  void thePlotIsWellFormedSvgWithAxesTicksLabelsAndLegend() throws Exception {
    SvgPlot plot = new SvgPlot("Accuracy vs latency: pi<&>\"wifi\"", "predicted", "end-to-end latency (ms)",
        "top-1 accuracy (%)", List.of(
            new SvgPlot.Series("jointcs-greedy", List.of(new SvgPlot.Point(12.5, 90.1), new SvgPlot.Point(20, 91.2),
                new SvgPlot.Point(31, 92))),
            new SvgPlot.Series("compress-then-segment", List.of(new SvgPlot.Point(15, 88.7),
                new SvgPlot.Point(31, 92))),
            new SvgPlot.Series("no models", List.of())));

    Document doc = parse(plot.render());

    Element root = doc.getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("svg");
    assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    NodeList polylines = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
    assertThat(polylines.getLength()).isEqualTo(2);
    assertThat(((Element) polylines.item(0)).getAttribute("points").split(" ")).hasSize(3);
    List<String> texts = texts(doc);
    assertThat(texts).contains("Accuracy vs latency: pi<&>\"wifi\"", "end-to-end latency (ms)", "top-1 accuracy (%)",
        "jointcs-greedy", "compress-then-segment", "no models");
    // x from 12.5 to 31 gets ticks 10, 15, ..., 35; y from 88.7 to 92 whole percents 88 ... 92
    assertThat(texts).containsSubsequence("10", "15", "20", "25", "30", "35", "88", "89", "90", "91", "92");
  }

  @Test
  void aSinglePointStillGetsAnAxisRange() throws Exception {
    SvgPlot plot = new SvgPlot("one", "", "x", "y",
        List.of(new SvgPlot.Series("only", List.of(new SvgPlot.Point(5, 5)))));

    Document doc = parse(plot.render());

    assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle").getLength()).isEqualTo(2);
  }

  @Test
  void niceTicksAreRoundNumbersCoveringTheData() {
    SvgPlot.Axis axis = SvgPlot.Axis.covering(0.83, 0.91);

    assertThat(axis.step()).isEqualTo(0.02);
    assertThat(axis.min()).isLessThanOrEqualTo(0.83);
    assertThat(axis.max()).isGreaterThanOrEqualTo(0.91);
    assertThat(axis.ticks()).extracting(axis::label).containsExactly("0.82", "0.84", "0.86", "0.88", "0.90", "0.92");
  }

  @Test
  void nonFinitePointsAndEmptyPlotsAreRefused() {
    assertThatThrownBy(() -> new SvgPlot.Point(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plot points must be finite");
    assertThatThrownBy(() -> new SvgPlot("t", "", "x", "y", List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one series");
  }
}
