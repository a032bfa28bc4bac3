/** Dates as people in English children's services read them: "Thu 31 Dec 2026", "14:05". */
export function formatDate(isoDate: string, timeZone = 'Europe/London'): string {
  const date = isoDate.length === 10 ? new Date(`${isoDate}T12:00:00Z`) : new Date(isoDate);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

export function formatDateTime(iso: string, timeZone = 'Europe/London'): string {
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
  return `${time} on ${formatDate(iso, timeZone)}`;
}
