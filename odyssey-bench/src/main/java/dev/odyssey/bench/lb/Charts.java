package dev.odyssey.bench.lb;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's PNG plots, drawn with JFreeChart. Stateless; each method writes one file. */
final class Charts {
  static final int WIDTH = 900;
  static final int HEIGHT = 500;

  private Charts() {}

  /** Grouped bars: {@code values.get(series).get(category)}; NaN values are left out. */
  static void bars(Path png, String title, String yLabel, Map<String, Map<String, Double>> values)
      throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach(
        (series, byCategory) ->
            byCategory.forEach(
                (category, v) -> {
                  if (!Double.isNaN(v)) {
                    data.addValue(v, series, category);
                  }
                }));
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, null, yLabel, data, PlotOrientation.VERTICAL, values.size() > 1, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.GRAY);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }

  /** One line per series over numeric x; a log y axis when {@code logY}. */
  static void lines(
      Path png,
      String title,
      String xLabel,
      String yLabel,
      boolean logY,
      Map<String, double[][]> series,
      List<Marker> markers)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach(
        (name, points) -> {
          XYSeries s = new XYSeries(name, false);
          for (double[] p : points) {
            if (!Double.isNaN(p[1]) && (!logY || p[1] > 0)) {
              s.add(p[0], p[1]);
            }
          }
          data.addSeries(s);
        });
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    if (logY) {
      LogAxis axis = new LogAxis(yLabel);
      axis.setBase(10);
      axis.setNumberFormatOverride(new java.text.DecimalFormat("0.###"));
      plot.setRangeAxis(axis);
    }
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    for (Marker m : markers) {
      ValueMarker vm = new ValueMarker(m.x(), m.color(), new BasicStroke(1.5f));
      vm.setLabel(m.label());
      vm.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      vm.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(vm);
    }
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }

  /** A vertical line at {@code x} with a label. */
  record Marker(double x, String label, Color color) {}
}
