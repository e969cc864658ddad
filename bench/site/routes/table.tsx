import { tableRows } from '../../shared/data.ts';

export const prerender = false;

/** The framework-tracker SSR workload: a 1,000-row table of UUIDs from an awaited promise. */
export default async function Table() {
  const rows = await tableRows();
  return (
    <html>
      <head><title>Table</title></head>
      <body>
        <table>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td>{row.id}</td>
                <td>{row.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </body>
    </html>
  );
}
