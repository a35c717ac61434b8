/** The workbench's look: dense, system fonts (no web fonts), one blue accent; light or dark. */
import type { GlobalThemeOverrides } from 'naive-ui'
import { FONT_FAMILY } from '../../shared/charts/common'

/** What both themes share: fonts, sizes, radius, accent. */
const common: GlobalThemeOverrides['common'] = {
  fontFamily: FONT_FAMILY,
  fontFamilyMono: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: '13px',
  fontSizeMedium: '13px',
  fontSizeSmall: '12px',
  fontSizeTiny: '11px',
  heightMedium: '30px',
  heightSmall: '26px',
  heightTiny: '22px',
  borderRadius: '4px',
}

const components: GlobalThemeOverrides = {
  Card: { paddingSmall: '10px 12px', titleFontSizeSmall: '13px' },
  DataTable: { thPaddingSmall: '5px 8px', tdPaddingSmall: '4px 8px', thFontWeight: '600', fontSizeSmall: '12px' },
  Form: { labelFontSizeTopSmall: '12px', labelPaddingVertical: '0 0 3px 2px', feedbackFontSizeSmall: '11px', feedbackHeightSmall: '18px' },
  Tabs: { tabFontSizeSmall: '12px' },
}

/** One theme: the accent (hover and supplementary share a shade), its own colours, card borders and table headers. */
function theme(
  accent: { base: string; hover: string; pressed: string },
  colors: GlobalThemeOverrides['common'],
  cardBorder: string,
  tableHeader: string,
): GlobalThemeOverrides {
  return {
    ...components,
    common: {
      ...common,
      primaryColor: accent.base,
      primaryColorHover: accent.hover,
      primaryColorPressed: accent.pressed,
      primaryColorSuppl: accent.hover,
      ...colors,
    },
    Card: { ...components.Card, borderColor: cardBorder },
    DataTable: { ...components.DataTable, thColor: tableHeader },
  }
}

export const themeOverrides = theme(
  { base: '#2563eb', hover: '#3b82f6', pressed: '#1d4ed8' },
  {
    textColorBase: '#1f2937',
    textColor1: '#111827',
    textColor2: '#1f2937',
    textColor3: '#6b7280',
    dividerColor: '#e5e7eb',
    borderColor: '#d1d5db',
    bodyColor: '#f6f7f9',
  },
  '#e5e7eb',
  '#f3f4f6',
)

/** Dark: naive-ui's dark theme with the same fonts and the accent lightened for dark backgrounds (colours as in styles.css). */
export const darkThemeOverrides = theme(
  { base: '#5b8def', hover: '#7aa7ff', pressed: '#3b6fd8' },
  { bodyColor: '#101318', cardColor: '#181c22', modalColor: '#1f242b', popoverColor: '#1f242b' },
  '#2c333c',
  '#1f242b',
)
