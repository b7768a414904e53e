import { registerKind } from '../src/bot/render.ts';
import { decideTopic } from '../src/domain/topic/topic.ts';
import type { TopicItem } from '../src/domain/topic/types.ts';
import { buildTopicOfficeCard, buildTopicStepCard, buildTopicTrackerCard } from './topic.ts';
import { topicNotice } from './topic-notices.ts';

registerKind('topic', {
  card(item, rec, env) {
    const topic = item as TopicItem;
    if (rec.view === 'tracker') return buildTopicTrackerCard(topic, env);
    if (rec.view === 'filed') return buildTopicOfficeCard(topic, env);
    return buildTopicStepCard(topic, rec, env);
  },
  inform: (item, about, env, detail) => topicNotice(item as TopicItem, about, env, detail),
  // Answers from the shared step.decide button carry no meeting date: the decision step refuses them.
  decide: (item, a, env) => decideTopic(item as TopicItem, a, env),
});
