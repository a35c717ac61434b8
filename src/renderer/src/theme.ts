/** The workbench's look: light, dense, system fonts (no web fonts), one blue accent. */
import type { GlobalThemeOverrides } from 'naive-ui'
import { FONT_FAMILY } from '../../shared/charts/common'

export const themeOverrides: GlobalThemeOverrides = {
  common: {
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
  Card: { paddingSmall: '10px 12px', titleFontSizeSmall: '13px', borderColor: '#e5e7eb' },
  DataTable: { thPaddingSmall: '5px 8px', tdPaddingSmall: '4px 8px', thColor: '#f3f4f6', thFontWeight: '600', fontSizeSmall: '12px' },
  Form: { labelFontSizeTopSmall: '12px', labelPaddingVertical: '0 0 3px 2px', feedbackFontSizeSmall: '11px', feedbackHeightSmall: '18px' },
  Tabs: { tabFontSizeSmall: '12px' },
}
