"""The member's pages of 评选表彰 on the portal: 我的荣誉 (part `records`)."""
