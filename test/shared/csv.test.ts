import { describe, expect, it } from 'vitest'
import { recordsCsv, toCsv } from '../../src/shared/csv'

describe('CSV (RFC 4180)', () => {
  it('quotes fields with commas, quotes and line breaks, doubles quotes and ends every line with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['two\nlines', 'cr\r'],
          [1.5, null],
          [true, undefined],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"two\nlines","cr\r"\r\n1.5,\r\ntrue,\r\n')
  })

  it('takes the header from the first record and keeps its key order in every row', () => {
    expect(
      recordsCsv([
        { id: 1, name: 'lenet5' },
        { name: 'alexnet', id: 2 },
      ]),
    ).toBe('id,name\r\n1,lenet5\r\n2,alexnet\r\n')
    expect(recordsCsv([])).toBe('')
  })
})
