// How a delivered reminder reaches its user. The notifications row IS the in-app delivery (the
// notification centre reads it), so the in-app channel has nothing more to do. E-mail is a later
// issue: its channel is a placeholder that sends nothing and says so — it never pretends to send.
export type DeliveredNotification = {
  id: number;
  userId: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  clientId: number | null;
  dueAt: Date;
};

export interface NotificationChannel {
  readonly name: string;
  /** true when this channel delivered it */
  deliver(notification: DeliveredNotification): Promise<boolean>;
}

export class InAppChannel implements NotificationChannel {
  readonly name = 'in-app';
  async deliver(_n: DeliveredNotification): Promise<boolean> {
    return true; // the row inserted by the scheduler is what the notification centre shows
  }
}

/** Not implemented yet (a later issue adds SMTP settings and per-user opt-in): sends nothing. */
export class EmailChannel implements NotificationChannel {
  readonly name = 'email';
  async deliver(_n: DeliveredNotification): Promise<boolean> {
    return false;
  }
}

export const defaultChannels = (): NotificationChannel[] => [new InAppChannel()];
