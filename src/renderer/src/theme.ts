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

export const themeOverrides: GlobalThemeOverrides = {
  ...components,
  common: {
    ...common,
    primaryColor: '#2563eb',
    primaryColorHover: '#3b82f6',
    primaryColorPressed: '#1d4ed8',
    primaryColorSuppl: '#3b82f6',
    textColorBase: '#1f2937',
    textColor1: '#111827',
    textColor2: '#1f2937',
    textColor3: '#6b7280',
    dividerColor: '#e5e7eb',
    borderColor: '#d1d5db',
    bodyColor: '#f6f7f9',
  },
  Card: { ...components.Card, borderColor: '#e5e7eb' },
  DataTable: { ...components.DataTable, thColor: '#f3f4f6' },
}

/** Dark: naive-ui's dark theme with the same fonts and the accent lightened for dark backgrounds (colours as in styles.css). */
export const darkThemeOverrides: GlobalThemeOverrides = {
  ...components,
  common: {
    ...common,
    primaryColor: '#5b8def',
    primaryColorHover: '#7aa7ff',
    primaryColorPressed: '#3b6fd8',
    primaryColorSuppl: '#7aa7ff',
    bodyColor: '#101318',
    cardColor: '#181c22',
    modalColor: '#1f242b',
    popoverColor: '#1f242b',
  },
  Card: { ...components.Card, borderColor: '#2c333c' },
  DataTable: { ...components.DataTable, thColor: '#1f242b' },
}
