// Lazy part: the profile editor, loaded on the first click on "Edit profile" (most visitors never open it).

export { ProfileController } from '../widget/profile/profile-controller.js';
export { renderProfileDialog } from '../widget/profile/profile-view.js';
