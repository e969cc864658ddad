/** The /table page's tree with fixed, flat strings (Node's randomUUID returns ropes, workerd's do not), for renderer-only runs. */
const rows = Array.from({ length: 1000 }, () => ({ id: JSON.parse(JSON.stringify(crypto.randomUUID())) as string, label: JSON.parse(JSON.stringify(crypto.randomUUID())) as string }));

export function tableTree() {
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
