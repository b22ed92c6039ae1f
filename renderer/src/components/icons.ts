import {
  Briefcase,
  Bug,
  Building,
  FileText,
  HeartPulse,
  House,
  Landmark,
  Library,
  Megaphone,
  PoundSterling,
  Recycle,
  School,
  Shield,
  Stethoscope,
  TrafficCone,
  Trees,
  Users,
  type LucideIcon,
} from 'lucide-react';
import type { Body, TopicGroup } from '../../../shared/directory/topics';

// Bundled SVG icons: nothing depends on the machine having a symbol font.
export const GROUP_ICONS: Record<TopicGroup, LucideIcon> = {
  bins: Recycle,
  'council-tax': PoundSterling,
  housing: House,
  planning: FileText,
  environment: Bug,
  'parks-leisure': Trees,
  roads: TrafficCone,
  schools: School,
  'care-libraries': Library,
  'county-services': Landmark,
  health: Stethoscope,
  police: Shield,
  'antisocial-behaviour': Megaphone,
  'other-help': Briefcase,
};

export const BODY_ICONS: Record<Body, LucideIcon> = {
  district: Building,
  county: Landmark,
  nhs: HeartPulse,
  police: Shield,
  partner: Users,
};
