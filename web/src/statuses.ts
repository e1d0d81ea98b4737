// The API's job and batch statuses, in lifecycle order, with their colours (style.css).
export const STATUSES = ['Waiting', 'Active', 'Running', 'Stopping', 'Succeeded', 'Failed', 'Stopped', 'Completed'] as const;

export function statusClass(status: string): string {
  return `st st-${status.toLowerCase()}`;
}
