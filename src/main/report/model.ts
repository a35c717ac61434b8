/**
 * The report model: what a report says, as plain data (sections of text, key-value tables, data
 * tables and chart options), built by a pure function from stored runs. Rendering it to HTML
 * (charts as inline SVG) and to PDF are separate steps (html.ts, pdf.ts).
 */
import type { EChartsOption } from 'echarts'
import type { ExperimentResult } from '../../shared/experiment'

export type PageSize = 'A4' | 'Letter'
export const PAGE_SIZES: PageSize[] = ['A4', 'Letter']

/** What a report covers: one run, a comparison of 2 to 8 runs, or the runs of a sweep experiment. */
export type ReportKind = 'run' | 'compare' | 'sweep'

/** Most runs a comparison report takes. */
export const MAX_COMPARED_RUNS = 8

/** A done run with its stored result. */
export interface ReportRun {
  id: number
  experimentId: number
  experimentName: string
  createdAt: string
  finishedAt: string | null
  result: ExperimentResult
}

/** The experiment(s) the runs belong to: their notes and tags go into the report. */
export interface ReportExperiment {
  id: number
  name: string
  notes: string
  tags: string[]
  createdAt: string
  /** The sweep's grid as stored (any JSON), null for a plain group of runs. */
  grid: unknown
}

export interface ReportInput {
  kind: ReportKind
  /** Runs in report order (a comparison keeps the caller's order; a sweep sorts by id). */
  runs: ReportRun[]
  /** Experiments of the runs, by id; for a sweep, the swept experiment first. */
  experiments: ReportExperiment[]
}

export interface ReportModelOptions {
  /** ISO date shown on the report; default: the latest finish time of its runs (never "now"). */
  date?: string
}

/** A column of a data table: its header (with the unit) and alignment. */
export interface TableColumn {
  label: string
  /** Numbers align right. */
  numeric?: boolean
  /** Monospaced cells (hashes). */
  mono?: boolean
  /** Long names may wrap anywhere. */
  wrap?: boolean
}

export type ReportBlock =
  | { type: 'text'; text: string; muted?: boolean }
  | { type: 'notes'; heading: string; text: string }
  /** Label / value pairs, laid out in one or two column pairs. */
  | { type: 'keyValues'; rows: [string, string][]; columns?: 1 | 2 }
  /** A data table: long ones continue across pages with the header repeated. */
  | {
      type: 'table'
      caption?: string
      columns: TableColumn[]
      rows: string[][]
      dense?: boolean
      /** Index of a row to emphasize (the bottleneck layer). */ highlight?: number
    }
  /** A chart of the workbench (an ECharts option from src/shared/charts), rendered as vector SVG. */
  | { type: 'chart'; option: EChartsOption; width: number; height: number; caption?: string }

export interface ReportSection {
  id: string
  title: string
  blocks: ReportBlock[]
  /** Start the section on a new page (long tables, appendices). */
  newPage?: boolean
}

export interface ReportModel {
  kind: ReportKind
  title: string
  subtitle: string
  /** Shown date, "YYYY-MM-DD HH:MM UTC". */
  date: string
  /** Header facts: date, program version(s), input hash(es), runs, experiment. */
  meta: [string, string][]
  /** Text of every page's footer (the page number is added by the renderer). */
  footer: string
  sections: ReportSection[]
}
