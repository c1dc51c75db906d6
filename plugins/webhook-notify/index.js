// Webhook notify: on a stage change, queues a signed POST (through the outbox, after the commit)
// whose body is shaped for the receiver: generic JSON or a WeCom / DingTalk / Feishu bot text message.

function text(ctx, from, to) {
  const settings = ctx.settings;
  const title = settings.titleField && ctx.record[settings.titleField] !== undefined && ctx.record[settings.titleField] !== null
    ? String(ctx.record[settings.titleField]) : '';
  const template = settings.message || '{object} {title}: {from} → {to} ({user})';
  return template
    .split('{object}').join(ctx.object)
    .split('{title}').join(title)
    .split('{from}').join(from === null ? '-' : from)
    .split('{to}').join(to)
    .split('{user}').join(ctx.user.name)
    .replace(/\s+:/, ':');
}

export function body(ctx, from, to) {
  switch (ctx.settings.format || 'json') {
    case 'wecom':
    case 'dingtalk':
      return { msgtype: 'text', text: { content: text(ctx, from, to) } };
    case 'feishu':
      return { msg_type: 'text', content: { text: text(ctx, from, to) } };
    default:
      return {
        event: ctx.event,
        object: ctx.object,
        from: from,
        to: to,
        user: { id: ctx.user.id, name: ctx.user.name },
        record: ctx.record,
      };
  }
}

export function notify(ctx) {
  const stage = ctx.stage || {};
  const to = stage.to !== undefined && stage.to !== null ? stage.to : null;
  if (to === null) return; // not a stage change
  const from = stage.from !== undefined ? stage.from : null;
  ctx.webhook(ctx.settings.url, body(ctx, from, to), ctx.settings.secret);
}
