// The one place ECharts is set up: only the parts we draw with (keeps the chunk small), and the
// one theme (theme.ts). Chart.svelte imports this module dynamically, so ECharts is its own chunk,
// fetched from the app's origin when the first chart is drawn, not part of the initial JavaScript.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, ScatterChart, HeatmapChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, TitleComponent, DatasetComponent,
  MarkLineComponent, VisualMapComponent, DataZoomComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { THEME, THEME_OPTIONS } from './theme';

echarts.use([
  BarChart, LineChart, PieChart, ScatterChart, HeatmapChart,
  GridComponent, TooltipComponent, LegendComponent, TitleComponent, DatasetComponent,
  MarkLineComponent, VisualMapComponent, DataZoomComponent, CanvasRenderer,
]);
echarts.registerTheme(THEME, THEME_OPTIONS);

export { echarts };
