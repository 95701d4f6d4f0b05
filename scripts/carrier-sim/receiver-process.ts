/**
 * The webhook receiver in its own process (a carrier's server is not the hub's): the parent sends
 * {secret, failureRate} over IPC, gets {url}, and later asks for {stats, unique}.
 */
import { startWebhookReceiver } from './webhook-receiver.js';

const receiver = await startWebhookReceiver({ failureRate: Number(process.env.RECEIVER_FAILURE_RATE ?? 0), secret: process.env.RECEIVER_SECRET });
process.send?.({ url: receiver.url });
process.on('message', async (msg: { cmd: string; down?: boolean }) => {
  if (msg.cmd === 'stats') process.send?.({ stats: receiver.stats, unique: receiver.messages.length, ids: process.env.RECEIVER_SEND_IDS ? receiver.messages.map((m) => m.id) : undefined });
  if (msg.cmd === 'down') receiver.setDown(Boolean(msg.down));
  if (msg.cmd === 'close') {
    await receiver.close();
    process.exit(0);
  }
});
